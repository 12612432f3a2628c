/**
 * Test fixture: {@link com.anycompany.scoring.local.privacy.Canaries} plants recognisable personal data (names, SSNs,
 * IBANs, salaries) in inputs and finds any that reached logs, metrics, reports or error messages. Test scope only
 * ({@code testing}); the table of which test covers which path is {@code PrivacyCanaryTest} in integration-tests.
 */
package com.anycompany.scoring.local.privacy;
