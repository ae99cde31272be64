package dev.asrun.rest;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request body larger than {@code asrun.limits.request-body} on the as-run API with
 * {@code 413} problem+json before anything parses it, so nothing is appended. A declared {@code
 * Content-Length} over the limit is refused without reading, and the connection closed after the
 * answer (so the server neither waits for nor swallows a body it will not use); a body without one
 * (chunked) is read into memory up to one byte past the limit, refused if it goes past, and
 * otherwise handed on from that buffer: at most the limit is ever held per request.
 */
final class RequestBodyLimitFilter extends OncePerRequestFilter {

  private final long limit;

  RequestBodyLimitFilter(DataSize limit) {
    this.limit = limit.toBytes();
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (request.getContentLengthLong() > limit) {
      response.setHeader(HttpHeaders.CONNECTION, "close");
      refuse(response);
      return;
    }
    byte[] body = request.getInputStream().readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE));
    if (body.length > limit) {
      refuse(response);
      return;
    }
    chain.doFilter(new Buffered(request, body), response);
  }

  private void refuse(HttpServletResponse response) throws IOException {
    ApiException refusal =
        ApiException.tooLarge(
            "the request body is larger than the as-run API takes ("
                + limit
                + " bytes, asrun.limits.request-body); send large batches in parts");
    ApiProblem.write(refusal, response);
  }

  /** The request with its body served from the buffer the filter read it into. */
  private static final class Buffered extends HttpServletRequestWrapper {

    private final byte[] body;

    Buffered(HttpServletRequest request, byte[] body) {
      super(request);
      this.body = body;
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
          return in.read(buffer, offset, length);
        }

        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        /** The whole body is in memory: it is available at once, then all read. */
        @Override
        public void setReadListener(ReadListener listener) {
          try {
            listener.onDataAvailable();
            listener.onAllDataRead();
          } catch (IOException e) {
            listener.onError(e);
          }
        }
      };
    }

    @Override
    public BufferedReader getReader() {
      Charset charset =
          getCharacterEncoding() == null
              ? StandardCharsets.UTF_8
              : Charset.forName(getCharacterEncoding());
      return new BufferedReader(new InputStreamReader(getInputStream(), charset));
    }

    @Override
    public int getContentLength() {
      return body.length;
    }

    @Override
    public long getContentLengthLong() {
      return body.length;
    }
  }
}
