graph --format json
