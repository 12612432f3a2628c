/**
 * Test fixture: {@link com.anycompany.scoring.local.browser.HeadlessChromium} renders an HTML report in a real headless
 * Chromium (DOM dump and screenshot) so report tests check what a browser shows. Test scope only ({@code testing}).
 */
package com.anycompany.scoring.local.browser;
