// Does not compile: the harness counts it as a TU that does not compile.
void broken() { undeclared_function(); }
