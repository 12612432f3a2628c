/**
 * Browser checks of the HTML reports: {@code HeadlessChromium} renders a page with the machine's Chromium in headless
 * mode and returns its DOM and console, so report tests look at what a reader would see.
 */
package com.anycompany.scoring.local.browser;
