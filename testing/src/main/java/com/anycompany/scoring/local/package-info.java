/**
 * Test fixtures of the {@code testing} module (a test-scope dependency only): {@code LambdaTestContext}, the Lambda
 * context handler tests pass, with the function name {@code <name>-test}. The package name is shared with the local
 * runtime's {@code LocalAws} so the tests that use both import from one place.
 */
package com.anycompany.scoring.local;
