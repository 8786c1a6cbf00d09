"""Blobs of ink (connected components, 8-connected), safe on a picture with no pixels.

OpenCV's connected components crash the process, with no Python error, on an image with a
side of length zero (opencv/opencv#29854: every release up to 5.0.0); a cell whose edges
were found a pixel apart crops to one. A faxed report stopped the run so, in a worker, on
its legend's symbol."""

from __future__ import annotations

import cv2
import numpy as np


def blobs(ink: np.ndarray) -> tuple[int, np.ndarray, np.ndarray, np.ndarray]:
    """cv2.connectedComponentsWithStats(ink, connectivity=8): the count (the background
    counted), each pixel's label, each label's stats and centroid; on an empty picture,
    the background alone."""
    if ink.size == 0:
        return 1, np.zeros(ink.shape, np.int32), np.zeros((1, 5), np.int32), np.zeros((1, 2))
    return cv2.connectedComponentsWithStats(ink, connectivity=8)
