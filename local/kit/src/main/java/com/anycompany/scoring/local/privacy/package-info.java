/**
 * Privacy canaries: {@code Canaries} plants recognisable names, SSNs, IBANs and salaries in inputs, captures what a
 * path writes to stdout and stderr (logs and EMF metrics), and lists any canary that came out, so tests prove
 * personal data never reaches a log, metric or report.
 */
package com.anycompany.scoring.local.privacy;
