package com.anycompany.scoring.runtime;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;

/**
 * A Lambda {@link Context} for an invocation made outside Lambda (the local runtime, handler tests): like a direct
 * invoke or an event source, it carries no Cognito identity and no mobile client context, so Lambda's Java runtime
 * passes null for both.
 */
public abstract class DirectInvokeContext implements Context {
    @Override
    public final CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public final ClientContext getClientContext() {
        return null;
    }
}
