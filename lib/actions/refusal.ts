/**
 * A refusal the caller should read as it is ("That course is already yours."). Thrown by
 * domain code or an action; the action client turns it into the form's error and nothing
 * else about the failure leaves the server.
 */
export class ActionRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ActionRefusal';
  }
}
