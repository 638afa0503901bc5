time,t2m
0,288.1
