package africa.easymo.perf.sandbox.http;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/** Answers every path no route claims with a JSON 404 (clients parse JSON errors; an HTML page helps nobody). */
public final class NotFoundServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        JsonResponses.drain(req);
        JsonResponses.write(resp, 404, "{\"error\":\"not_found\",\"message\":\"no sandbox route for this path\"}",
                !"HEAD".equals(req.getMethod()));
    }
}
