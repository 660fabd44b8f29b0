show 2375/OP16/wind-down
