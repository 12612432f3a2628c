/**
 * Test fixture: {@link com.anycompany.scoring.local.faults.SqsSendFaults} makes chosen SQS sends fail the way SQS
 * does (whole call or per entry), to test that no decision is lost. Test scope only ({@code testing}).
 */
package com.anycompany.scoring.local.faults;
