ones(3) | 1
