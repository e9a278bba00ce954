/// What a model promises about an action that stays possible: whether a behaviour may ignore it.
///
/// Fairness is declared per action value by `Model.fairness(of:)` and matters only to liveness
/// properties (`eventually`, `leadsTo`). An action is enabled in a state when `actions(from:)`
/// lists it there and its successor is not nil; two actions are the same when they are equal,
/// so a model with fair actions needs `Action: Hashable`. As in TLA+, nothing is fair unless
/// the model says so: a behaviour may then loop forever while any other action waits.
public enum Fairness: String, Sendable, CaseIterable {
  /// No promise: the action may be ignored forever (crashes, losses, false suspicions).
  case none
  /// Weak fairness: an action enabled in every state from some point on is eventually taken.
  case weak
  /// Strong fairness: an action enabled again and again, even with gaps, is eventually taken.
  case strong
}
