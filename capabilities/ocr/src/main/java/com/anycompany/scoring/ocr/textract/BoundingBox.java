package com.anycompany.scoring.ocr.textract;

/** Textract's BoundingBox: ratios of the page's width and height (0..1), origin top-left. */
public record BoundingBox(double left, double top, double width, double height) {
    public static final BoundingBox NONE = new BoundingBox(0, 0, 0, 0);
}
