/**
 * A stand-in for Amazon Textract, which has no local server: {@code SimulatedTextract} answers the asynchronous
 * document analysis calls with responses in Textract's documented JSON block format, built from the demo's pay stubs,
 * and {@code SimulatedTextractFactory} wires it where the real client would be.
 */
package com.anycompany.scoring.local.textract;
