/**
 * One way to read and write records: {@code Json} holds the project's one shared {@code ObjectMapper}, and {@code
 * RecordReader} reads record files (CSV per RFC 4180 with one record per line, or JSON Lines, optionally gzip) with
 * limits on line length, record count and field count, its errors naming line numbers but never values. The {@code
 * score} command, batch shards, monitoring and golden sets all read through it.
 */
package com.anycompany.scoring.records;
