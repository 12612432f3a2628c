/**
 * Keeping personal data out of logs and errors: {@code Redaction} turns parser and validation errors into messages
 * that give a location (line, column, field name) but never the value that was read.
 */
package com.anycompany.scoring.privacy;
