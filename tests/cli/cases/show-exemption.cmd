show 2397/OP4-cap
