# Indexing: integers, start:stop:step (negative steps too), None and ...
x = arange(20).reshape((4, 5))
x[1]
x[-1]
x[1, 2]
x[:, 1]
x[1:3]
x[::2, ::2]
x[::-1]
x[:, ::-2]
x[3:0:-2, 4:0:-3]
x[None]
x[:, None].shape
x[..., 1]
x[1, ...]
x[None, ..., None].shape
x[10:]
x[-100:2]
y = arange(100)
y[::7]
y[95:]
y[::-13]
