x = ones((4, 4))
imshow(x, cmap="RdBu-r")
