/**
 * Function URLs on this machine: {@code LocalUrlServer} is an HTTP server that turns each request into a Function URL
 * event ({@code FunctionUrlEvents}, the payload format 2.0 Lambda documents), invokes the function locally and maps
 * its answer back to HTTP.
 */
package com.anycompany.scoring.cli.serve;
