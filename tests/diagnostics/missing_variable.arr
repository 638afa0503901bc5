x = load("tests/data/nc4-day*.nc", "t2n", chunks=(4, 19, 36))
