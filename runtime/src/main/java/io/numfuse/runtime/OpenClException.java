package io.numfuse.runtime;

import io.numfuse.core.NumfuseException;
import org.jocl.CL;

/**
 * An OpenCL call that failed: names the call, the device and the error code (and, for a failed
 * build, carries the build log). The OpenCL target catches it and runs the work on the JVM; a
 * user meets it only when a device that held the only current values of an array fails (an
 * element read that must copy them back, for instance): a device failure is a user-facing error.
 */
public final class OpenClException extends NumfuseException {
    private final String call;
    private final String device;
    private final int code;

    public OpenClException(String call, String device, int code, String detail) {
        super(call + " failed on " + device + ": " + name(code) + " (" + code + ")" + (detail == null || detail.isBlank() ? "" : ":\n" + detail.strip()));
        this.call = call;
        this.device = device;
        this.code = code;
    }

    public String call() { return call; }
    public String device() { return device; }
    public int code() { return code; }

    /** Throws when {@code code} is not CL_SUCCESS. */
    static void check(int code, String call, String device) {
        if (code != CL.CL_SUCCESS) throw new OpenClException(call, device, code, null);
    }

    static String name(int code) {
        try {
            return CL.stringFor_errorCode(code);
        } catch (Throwable t) {
            return "OpenCL error";
        }
    }
}
