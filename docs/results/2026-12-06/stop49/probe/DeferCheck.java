import io.numfuse.NDArray;
import io.numfuse.Num;
public class DeferCheck {
    public static void main(String[] args) {
        for (String t : new String[] { "jvm", "opencl:0", "auto", "interpreter" }) {
            Num.useTarget(t);
            NDArray u = Num.arange(64).mul(1.0).reshape(8, 8).eval();
            LapCheck.jacobi(u);
            System.out.println(t + ": evaluated after a step: " + u.isEvaluated());
        }
    }
}
