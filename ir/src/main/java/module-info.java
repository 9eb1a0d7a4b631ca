/**
 * numfuse's intermediate representation: dtypes, the op table, views, expression graphs, kernels
 * and their keys, the fusion pass and the reference interpreter. Exported whole for now: the API
 * ({@code io.numfuse}) still takes {@code io.numfuse.ir.DType} and throws its exceptions.
 */
module io.numfuse.ir {
    exports io.numfuse.ir;
}
