package io.pushbench.server;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

import java.nio.charset.StandardCharsets;

/**
 * The reference floor for {@link ServerProbe}: a bare Jetty 12 core server with the cheapest possible idle SSE
 * stream (a handler that writes one comment and never completes) and idle WebSocket session (an auto-demanding
 * listener). Heap per connection of this server is what Jetty itself costs; ours is compared against it.
 */
final class JettyFloorServer implements AutoCloseable {
    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);

    /** An idle WebSocket endpoint. */
    public static final class Idle implements Session.Listener.AutoDemanding {
    }

    /** An idle async servlet SSE stream: the floor of the servlet route the server must take. */
    static final class IdleSseServlet extends jakarta.servlet.http.HttpServlet {
        @Override
        protected void doGet(jakarta.servlet.http.HttpServletRequest rq, jakarta.servlet.http.HttpServletResponse rs)
                throws java.io.IOException {
            rs.setContentType("text/event-stream");
            jakarta.servlet.AsyncContext async = rq.startAsync();
            async.setTimeout(0);
            jakarta.servlet.ServletOutputStream out = rs.getOutputStream();
            out.setWriteListener(new jakarta.servlet.WriteListener() {
                private boolean written;

                @Override
                public void onWritePossible() throws java.io.IOException {
                    if (!written && out.isReady()) {
                        written = true;
                        out.write(": ok\n\n".getBytes(StandardCharsets.US_ASCII));
                        if (out.isReady()) {
                            out.flush();
                        }
                    }
                }

                @Override
                public void onError(Throwable t) {
                    async.complete();
                }
            });
        }
    }

    /** @param servlet SSE through an ee10 async servlet (else a core handler) */
    JettyFloorServer(boolean servlet) throws Exception {
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        connector.setIdleTimeout(600_000);
        server.addConnector(connector);
        WebSocketUpgradeHandler ws = WebSocketUpgradeHandler.from(server, c -> {
            c.setIdleTimeout(java.time.Duration.ofMinutes(10));
            c.addMapping("/ws", (rq, rs, cb) -> new Idle());
        });
        if (servlet) {
            org.eclipse.jetty.ee10.servlet.ServletContextHandler context = new org.eclipse.jetty.ee10.servlet.ServletContextHandler("/");
            org.eclipse.jetty.ee10.servlet.ServletHolder h = new org.eclipse.jetty.ee10.servlet.ServletHolder(new IdleSseServlet());
            h.setAsyncSupported(true);
            context.addServlet(h, "/sse");
            ws.setHandler(context);
        } else ws.setHandler(new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream");
                response.write(false, BufferUtil.toBuffer(": ok\n\n".getBytes(StandardCharsets.US_ASCII)), Callback.NOOP);
                return true; // never completed: an idle stream
            }
        });
        server.setHandler(ws);
        server.start();
    }

    int port() {
        return connector.getLocalPort();
    }

    int openConnections() {
        return connector.getConnectedEndPoints().size();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
