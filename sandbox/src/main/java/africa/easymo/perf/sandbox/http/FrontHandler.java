package africa.easymo.perf.sandbox.http;

import africa.easymo.perf.sandbox.SandboxFaults;
import africa.easymo.perf.sandbox.SandboxStats;
import africa.easymo.perf.sandbox.faults.FaultRule;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * First stop of every request: counts it and applies the fault rules before any route sees it. The admin routes under
 * {@link #ADMIN_PREFIX} are neither counted nor faulted, so a test can always reach them.
 */
public final class FrontHandler extends Handler.Wrapper {
    public static final String ADMIN_PREFIX = "/__sandbox/";

    private final SandboxStats stats;
    private final SandboxFaults faults;

    public FrontHandler(Handler next, SandboxStats stats, SandboxFaults faults) {
        super(next);
        this.stats = stats;
        this.faults = faults;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = request.getHttpURI().getPath();
        if (path == null || path.startsWith(ADMIN_PREFIX)) {
            return super.handle(request, response, callback);
        }
        stats.recordRequest();
        FaultRule.Action action = faults.decide(path, request.getMethod());
        if (action == FaultRule.Action.NONE) {
            return super.handle(request, response, callback);
        }
        if (action.delayMillis() > 0) {
            // Blocking is acceptable: faults are a test tool and the thread pool is sized for the clients.
            Thread.sleep(action.delayMillis());
        }
        if (action.drop()) {
            stats.recordFault();
            request.getConnectionMetaData().getConnection().getEndPoint().close();
            callback.failed(new EofException("connection dropped by a sandbox fault rule"));
            return true;
        }
        if (action.fails()) {
            stats.recordFault();
            // Read the unread body first, so the connection stays usable for keep-alive clients.
            Content.Source.consumeAll(request);
            int status = action.status();
            String body = "{\"code\":\"SANDBOX_FAULT\",\"details\":null,\"hint\":null,"
                    + "\"message\":\"fault injected by the sandbox: HTTP " + status + "\"}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, JsonResponses.JSON);
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
            if (action.retryAfterSeconds() >= 0) {
                response.getHeaders().put(HttpHeader.RETRY_AFTER, Integer.toString(action.retryAfterSeconds()));
            }
            response.write(true, ByteBuffer.wrap(bytes), callback);
            return true;
        }
        return super.handle(request, response, callback);
    }
}
