import static org.jocl.CL.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jocl.*;

/**
 * What the raw-OpenCL scripts share (LaunchGap, LaunchWait; Java's source launcher compiles it
 * with them): device {@code index} in numfuse's numbering (platforms in order, then their
 * devices), with a context and an in-order queue of its own. JOCL exceptions are on.
 */
final class RawCl {
    final cl_device_id device;
    final cl_context context;
    final cl_command_queue queue;

    @SuppressWarnings("deprecation")
    RawCl(int index) {
        setExceptionsEnabled(true);
        int[] count = new int[1];
        clGetPlatformIDs(0, null, count);
        cl_platform_id[] platforms = new cl_platform_id[count[0]];
        clGetPlatformIDs(count[0], platforms, null);
        List<cl_device_id> devices = new ArrayList<>();
        for (cl_platform_id p : platforms) {
            int[] k = new int[1];
            clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, 0, null, k);
            cl_device_id[] ids = new cl_device_id[k[0]];
            clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, k[0], ids, null);
            devices.addAll(Arrays.asList(ids));
        }
        device = devices.get(index);
        context = clCreateContext(null, 1, new cl_device_id[] { device }, null, null, null);
        queue = clCreateCommandQueue(context, device, 0, null);
    }

    /** The kernel {@code name} of a program built from {@code source}. */
    cl_kernel kernel(String source, String name) {
        cl_program p = clCreateProgramWithSource(context, 1, new String[] { source }, null, null);
        clBuildProgram(p, 0, null, "", null, null);
        return clCreateKernel(p, name, null);
    }

    cl_mem buffer(long bytes) { return clCreateBuffer(context, CL_MEM_READ_WRITE, bytes, null, null); }
}
