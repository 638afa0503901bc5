x = ones((3, 4, 5))
imshow(x.mean(axis=0)[None], cmap="bone")
