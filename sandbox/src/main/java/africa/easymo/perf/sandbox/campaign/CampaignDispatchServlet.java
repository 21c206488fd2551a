package africa.easymo.perf.sandbox.campaign;

import africa.easymo.perf.sandbox.SandboxContext;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/** Campaign dispatcher (POST /campaigns). Placeholder until the journey's owner implements it: answers 501. */
public class CampaignDispatchServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient SandboxContext context;

    public CampaignDispatchServlet(SandboxContext context) {
        this.context = context;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setStatus(HttpServletResponse.SC_NOT_IMPLEMENTED);
        resp.setContentType("application/json");
        resp.getWriter().write("{\"error\":\"not_implemented\",\"message\":\"CampaignDispatchServlet is not implemented yet\"}");
    }

    SandboxContext context() {
        return context;
    }
}
