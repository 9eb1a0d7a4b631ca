package io.numfuse.runtime;

import static org.jocl.CL.*;

import org.jocl.cl_device_id;
import org.jocl.cl_program;

/** Builds OpenCL programs from source. */
final class OpenClProgramCache {
    private OpenClProgramCache() {}

    /** A program built from {@code source} for {@code device}; a failed build throws with its log. */
    static cl_program build(OpenClDevice device, String source, String options) {
        return fromSource(device, source, options);
    }

    static cl_program fromSource(OpenClDevice device, String source, String options) {
        int[] err = new int[1];
        cl_program p = clCreateProgramWithSource(device.context(), 1, new String[] { source }, null, err);
        OpenClException.check(err[0], "clCreateProgramWithSource", device.label());
        int code = clBuildProgram(p, 1, new cl_device_id[] { device.id }, options, null, null);
        if (code != CL_SUCCESS) {
            String log = device.buildLog(p);
            clReleaseProgram(p);
            throw new OpenClException("clBuildProgram", device.label(), code, "build log:\n" + log);
        }
        return p;
    }
}
