import FaultlineCore

/// One micro-operation as the trace wrote it, before its key and value get ids.
struct ParsedMicro {
  /// `append`, `r` or `w`.
  var function: String
  var key: TraceValue
  var value: TraceValue
  /// Its position in the transaction, for errors.
  var index: Int
}
