package dev.prescient.predictor.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 exchange over a raw socket, as sent: the request is written on its own thread while the answer
 * is read, so a server that answers (413) and closes before the body is through is still heard, where a
 * client writing the whole body first would only see a broken pipe.
 */
public final class RawHttp {

    /** The answer: its status ({@code -1} when none came) and its full text (head and body). */
    public record Answer(int status, String text) {

        /** The body, after the blank line. */
        public String body() {
            int blank = text.indexOf("\r\n\r\n");
            return blank < 0 ? "" : text.substring(blank + 4);
        }
    }

    private RawHttp() {
    }

    /** A POST of {@code body} to {@code path} with {@code Content-Length} and {@code Connection: close}. */
    public static byte[] post(String path, String contentType, byte[] body) {
        String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nAccept: application/json\r\n"
                + "Content-Type: " + contentType + "\r\nContent-Length: " + body.length + "\r\n\r\n";
        return concat(head.getBytes(StandardCharsets.US_ASCII), body);
    }

    /** A POST of {@code body} to {@code path} with {@code Transfer-Encoding: chunked}, in 64 KiB chunks. */
    public static byte[] postChunked(String path, String contentType, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + body.length / 1000 + 256);
        out.writeBytes(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nAccept: application/json\r\n"
                + "Content-Type: " + contentType + "\r\nTransfer-Encoding: chunked\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        for (int at = 0; at < body.length; at += 65_536) {
            int length = Math.min(65_536, body.length - at);
            out.writeBytes((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, at, length);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** Sends {@code request} to 127.0.0.1:{@code port} and reads the answer until the server closes. */
    public static Answer send(int port, byte[] request, int timeoutMillis) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(timeoutMillis);
            OutputStream out = socket.getOutputStream();
            Thread writing = new Thread(() -> {
                try {
                    out.write(request);
                    out.flush();
                } catch (IOException answeredEarly) {
                    // the server answered and closed before the whole request was through: read its answer
                }
            }, "raw-http-writer");
            writing.setDaemon(true);
            writing.start();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8_192];
            try {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    answer.write(buffer, 0, n);
                }
            } catch (IOException reset) {
                // a reset after the answer: what was read stands; none read means no answer
            }
            try {
                writing.join(timeoutMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            String text = answer.toString(StandardCharsets.UTF_8);
            return new Answer(status(text), text);
        }
    }

    private static int status(String text) {
        String[] line = text.split("\r\n", 2)[0].split(" ");
        try {
            return line.length > 1 && line[0].startsWith("HTTP/") ? Integer.parseInt(line[1]) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
