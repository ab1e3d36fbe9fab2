using System.Text.Json;
using System.Text.Json.Nodes;
using Fulfillment.Workflows.Runtime;

namespace Fulfillment.Workflows.Sdk;

/// <summary>
/// What an executing activity can see and do. One context per execution; it is not thread-safe
/// and must not be kept after <see cref="Activity.ExecuteAsync"/> returns.
/// </summary>
public sealed class ActivityContext
{
    private readonly ExecutionScope _scope;
    private readonly List<string> _outcomes = [];
    private readonly List<BookmarkState> _bookmarks = [];
    private string? _idempotencyKey;

    internal ActivityContext(ExecutionScope scope, ActivityNodeRuntime node, WorkItem? inbound, BookmarkState? resumedBy = null)
    {
        _scope = scope;
        Node = node;
        Inbound = inbound;
        ResumedBy = resumedBy;
    }

    /// <summary>During <see cref="Activity.ResumeAsync"/>: the bookmark that resumed this activity (its key and data).</summary>
    public BookmarkState? ResumedBy { get; }

    /// <summary>This node as written in the definition (title, inputs, outputs).</summary>
    public Definitions.ActivityNode Definition => Node.Node;

    internal ActivityNodeRuntime Node { get; }

    internal ActivityDisposition Disposition { get; private set; } = ActivityDisposition.Unspecified;

    internal IReadOnlyList<string> Outcomes => _outcomes;

    internal IReadOnlyList<BookmarkState> NewBookmarks => _bookmarks;

    internal JsonNode? WorkflowOutput { get; private set; }

    /// <summary>The connection this execution arrived by (null for the start activity).</summary>
    internal WorkItem? Inbound { get; }

    public string InstanceId => _scope.Instance.Id;

    public string WorkflowId => _scope.Instance.WorkflowId;

    public int WorkflowVersion => _scope.Instance.Version;

    public string? CorrelationId => _scope.Instance.CorrelationId;

    public string ActivityId => Node.Id;

    public string ActivityType => Node.Descriptor.Type;

    /// <summary>Who caused this execution (the user completing a task, or "system").</summary>
    public string Actor => _scope.Actor;

    public DateTimeOffset Now => _scope.Clock.GetUtcNow();

    /// <summary>When the instance started (an anchor for due dates).</summary>
    public DateTimeOffset InstanceCreatedAt => _scope.Instance.CreatedAt;

    /// <summary>True when the activity asked to drop its earlier waits (see <see cref="StopOtherWaits"/>).</summary>
    internal bool DropsOtherWaits { get; private set; }

    public IServiceProvider Services => _scope.Services;

    public CancellationToken CancellationToken => _scope.CancellationToken;

    /// <summary>The workflow's input as given at start.</summary>
    public JsonNode? WorkflowInput => _scope.State.Input;

    /// <summary>State private to this activity node that survives suspension (e.g. a join's arrivals).</summary>
    public JsonObject ActivityState => _scope.State.ActivityStateFor(Node.Id);

    /// <summary>Another node of this workflow as written in the definition.</summary>
    public Definitions.ActivityNode? GetDefinition(string activityId) =>
        _scope.Workflow.Nodes.TryGetValue(activityId, out var node) ? node.Node : null;

    /// <summary>
    /// During <see cref="Activity.ResumeAsync"/>: go on waiting on the activity's other bookmarks
    /// (e.g. a task that sent a reminder and still waits for completion).
    /// </summary>
    public void KeepWaiting()
    {
        EnsureUndecided();
        Disposition = ActivityDisposition.Suspended;
    }

    /// <summary>
    /// During <see cref="Activity.ResumeAsync"/>, before suspending again: the activity's earlier
    /// waits (other keys, reminders, timeouts) are dropped; only the new ones count.
    /// </summary>
    public void StopOtherWaits() => DropsOtherWaits = true;

    /// <summary>A read-only copy of another node's private state, e.g. the last submission of a task an approval reviews.</summary>
    public JsonObject? GetActivityState(string activityId) =>
        _scope.State.ActivityStates.TryGetValue(activityId, out var state) ? (JsonObject)state.DeepClone() : null;

    /// <summary>
    /// Another node of this workflow as an activity object, its inputs bound in the current
    /// context, e.g. an approval reading the form of a task it reopens.
    /// </summary>
    /// <exception cref="InvalidOperationException">There is no such node, or it is not a <typeparamref name="TActivity"/>.</exception>
    public TActivity CreateActivity<TActivity>(string activityId)
        where TActivity : Activity
    {
        if (!_scope.Workflow.Nodes.TryGetValue(activityId, out var node) || node.Descriptor.ClrType != typeof(TActivity))
        {
            throw new InvalidOperationException($"Activity '{activityId}' is not a {typeof(TActivity).Name} of this workflow.");
        }

        return (TActivity)_scope.Factory.Create(node, _scope);
    }

    /// <summary>
    /// Adds a record that must commit in the same transaction as this instance's new state (for
    /// modules with their own tables, such as human tasks). Dropped if the activity faults.
    /// </summary>
    public void AddCommitEffect(object effect)
    {
        ArgumentNullException.ThrowIfNull(effect);
        _scope.Effects.Extras.Add(effect);
    }

    /// <summary>
    /// The commit effects of type <typeparamref name="T"/> that the steps run earlier in this pass have
    /// added and that are not committed yet, oldest first: a later step of the same pass reads its
    /// module's tables plus these to see what those steps wrote.
    /// </summary>
    public IEnumerable<T> PendingEffects<T>() => _scope.Effects.Extras.OfType<T>();

    public JsonNode? GetVariable(string name) => _scope.State.Variables[name];

    public T? GetVariable<T>(string name) =>
        _scope.State.Variables[name] is { } node ? node.Deserialize<T>(WorkflowJson.Options) : default;

    public void SetVariable(string name, JsonNode? value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _scope.State.SetVariable(name, value);
    }

    public void SetVariable<T>(string name, T value) =>
        SetVariable(name, JsonSerializer.SerializeToNode(value, WorkflowJson.Options));

    /// <summary>Evaluates a JavaScript expression against the workflow's variables (sandboxed, cached).</summary>
    public T? Evaluate<T>(string expression) => _scope.Expressions.Evaluate<T>(expression);

    /// <summary>Leaves the activity by the given outcomes; every connection from each outcome is followed.</summary>
    public void Complete(params string[] outcomes)
    {
        EnsureUndecided();
        _outcomes.AddRange(outcomes.Length == 0 ? [ActivityOutcomes.Done] : outcomes);
        Disposition = ActivityDisposition.Completed;
    }

    /// <summary>
    /// Suspends this path until a stimulus arrives on <paramref name="key"/>. Keys are explicit and
    /// readable (<c>task:42</c>, <c>shipment:TRACK123</c>): whoever knows the key can resume.
    /// May be called more than once to wait on several keys; the first to arrive resumes.
    /// </summary>
    public void Suspend(string key, JsonNode? data = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        AddBookmark(new BookmarkState(BookmarkState.CreateId(), key, Node.Id, Now, data));
    }

    private void AddBookmark(BookmarkState bookmark)
    {
        if (Disposition is not (ActivityDisposition.Unspecified or ActivityDisposition.Suspended))
        {
            EnsureUndecided();
        }

        _bookmarks.Add(bookmark);
        Disposition = ActivityDisposition.Suspended;
    }

    private string CreateIdempotencyKey()
    {
        // The pass counter lives in the activity's persisted state: a re-execution after a crash
        // starts from the last committed value and so produces the same key again.
        var state = ActivityState;
        var pass = (state["passes"]?.GetValue<int>() ?? 0) + 1;
        state["passes"] = pass;
        return $"{InstanceId}/{Node.Id}/{pass}";
    }

    /// <summary>
    /// Suspends this path until <paramref name="dueAt"/>; the timer is stored with the instance and
    /// survives restarts. Its bookmark key is <c>timer:&lt;bookmark id&gt;</c>.
    /// </summary>
    public void SuspendUntil(DateTimeOffset dueAt, JsonNode? data = null)
    {
        var id = BookmarkState.CreateId();
        AddBookmark(new BookmarkState(id, $"timer:{id}", Node.Id, Now, data) { DueAt = dueAt });
    }

    /// <summary>
    /// Gives the current wait a deadline: if nothing resumes it by <paramref name="dueAt"/>, the
    /// activity leaves by <see cref="ActivityOutcomes.TimedOut"/>. Call after <see cref="Suspend"/>.
    /// </summary>
    public void TimeoutAt(DateTimeOffset dueAt)
    {
        if (Disposition != ActivityDisposition.Suspended)
        {
            throw new InvalidOperationException($"Activity '{Node.Id}' must suspend before it can set a timeout.");
        }

        var id = BookmarkState.CreateId();
        AddBookmark(new BookmarkState(id, $"timeout:{id}", Node.Id, Now) { DueAt = dueAt, IsTimeout = true });
    }

    /// <summary>
    /// A key for outbox messages that is the same when this execution is repeated after a crash,
    /// and different for each pass through the activity in a loop.
    /// </summary>
    public string IdempotencyKey => _idempotencyKey ??= CreateIdempotencyKey();

    /// <summary>Ends this path without following any connection (e.g. a join still waiting for branches).</summary>
    public void Halt()
    {
        EnsureUndecided();
        Disposition = ActivityDisposition.Halted;
    }

    /// <summary>Ends the whole workflow as completed, cancelling every other waiting path.</summary>
    public void EndWorkflow(JsonNode? output = null)
    {
        EnsureUndecided();
        WorkflowOutput = output;
        Disposition = ActivityDisposition.WorkflowEnded;
    }

    /// <summary>
    /// Queues a message for the outside world. It is stored in the same transaction as the
    /// instance's new state and dispatched after commit, at least once; receivers de-duplicate
    /// by <paramref name="idempotencyKey"/>, which must be stable across re-executions.
    /// </summary>
    public void SendMessage(string kind, JsonNode payload, string idempotencyKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        _scope.Effects.Outbox.Add(new OutboxMessage(Guid.CreateVersion7(), kind, idempotencyKey, payload.ToJsonString(), InstanceId, Now));
    }

    /// <summary>Adds a free-form note to the instance journal (committed with the state).</summary>
    public void Journal(string message, JsonNode? data = null) =>
        _scope.Journal(JournalEventKind.Note, Node, outcome: null, message, data);

    private void EnsureUndecided()
    {
        if (Disposition != ActivityDisposition.Unspecified)
        {
            throw new InvalidOperationException(
                $"Activity '{Node.Id}' already decided to {Disposition}; an activity decides once.");
        }
    }
}

internal enum ActivityDisposition
{
    Unspecified,
    Completed,
    Suspended,
    Halted,
    WorkflowEnded,
}
