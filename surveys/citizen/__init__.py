"""The citizen survey: service points and their QR posters, signed form tokens, submissions
with their limits, stuffing flags and their review."""
