"""Side-by-side timings of bargain against nashpy, pygambit and quantecon (``make bench``)."""
