/** The example application as a named module: numfuse's API is module io.numfuse. */
module com.example.app {
    requires io.numfuse;
}
