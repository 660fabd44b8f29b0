show 2371/OP8
