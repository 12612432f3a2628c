/**
 * The privacy canary table: every input type and path of the product, and the function-module test that plants
 * canaries in it and finds none in logs, metrics, reports or errors.
 */
package com.anycompany.scoring.integration.privacy;
