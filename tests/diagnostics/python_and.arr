a = arange(5)
(a > 1) and (a < 4)
