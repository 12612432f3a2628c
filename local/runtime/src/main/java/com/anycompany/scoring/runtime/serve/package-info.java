/**
 * A local Lambda Function URL: {@link com.anycompany.scoring.runtime.serve.LocalUrlServer} serves a function on an
 * HTTP port and {@link com.anycompany.scoring.runtime.serve.FunctionUrlEvents} translates HTTP to the Function URL's
 * payload format 2.0 and back, so {@code ./scoring serve} calls the real handler as AWS would.
 */
package com.anycompany.scoring.runtime.serve;
