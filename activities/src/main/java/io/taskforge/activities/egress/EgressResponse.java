package io.taskforge.activities.egress;

import java.net.URI;
import java.net.http.HttpHeaders;

/**
 * The answer to a request sent through the {@link EgressHttpClient}.
 *
 * @param uri where the answer came from: the request's URI, or the last redirect's
 * @param headers the answer's headers, names in lower case
 * @param body the body, at most the request's {@link EgressOptions#maxBodyBytes()}
 * @param truncated whether the server sent more than that
 * @param redirects redirects followed to get here
 */
public record EgressResponse(
    int statusCode, URI uri, HttpHeaders headers, byte[] body, boolean truncated, int redirects) {}
