using System.Text.Json;
using System.Text.Json.Nodes;
using Fulfillment.Workflows.Runtime;
using Jint;
using Jint.Native;
using Jint.Native.Json;
using JsonSerializer = System.Text.Json.JsonSerializer;
using Jint.Runtime;

namespace Fulfillment.Workflows.Expressions;

/// <summary>
/// Evaluates expressions for one execution burst of one instance. The sandboxed engine is
/// created on first use and reused for the burst; workflow variables are exposed as globals
/// (and as <c>variables</c>), the workflow input as <c>input</c>, and the instance as <c>instance</c>.
/// CLR access is never enabled, so scripts cannot reach .NET types.
/// </summary>
internal sealed class ExpressionScope(ExpressionCompiler compiler, ExpressionOptions options, WorkflowInstance instance, TimeProvider clock)
{
    private Engine? _engine;
    private long _syncedVariablesVersion = -1;

    public T? Evaluate<T>(string expression) => (T?)Evaluate(expression, typeof(T));

    public object? Evaluate(string expression, Type resultType)
    {
        var script = compiler.Compile(expression);
        var engine = EnsureEngine();
        JsValue result;
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            result = engine.Evaluate(script);

            // Jint checks the memory limit between statements; one native call (e.g. 'x'.repeat(1e8))
            // can allocate past it within a single statement, so check once more afterwards.
            if (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore > options.MemoryLimitBytes)
            {
                throw new MemoryLimitExceededException("Script has allocated more memory than allowed.");
            }
        }
        catch (JavaScriptException ex)
        {
            throw new ExpressionException(expression, ex.Message, ex);
        }
        catch (Exception ex) when (ex is TimeoutException or MemoryLimitExceededException
            or RecursionDepthOverflowException or StatementsCountOverflowException or JintException)
        {
            throw new ExpressionException(expression, SandboxMessage(ex), ex);
        }
        finally
        {
            // An expression may mutate what it sees (scores.sort(), total = 0); the next one must see
            // the instance's real variables again, or the path taken would depend on burst boundaries.
            _syncedVariablesVersion = -1;
        }

        return Convert(expression, result, resultType);
    }

    private static string SandboxMessage(Exception ex) => ex switch
    {
        TimeoutException => "it ran past the time limit",
        MemoryLimitExceededException => "it allocated more memory than allowed",
        RecursionDepthOverflowException => "it recursed deeper than allowed",
        StatementsCountOverflowException => "it ran more statements than allowed",
        _ => ex.Message,
    };

    private static object? Convert(string expression, JsValue value, Type resultType)
    {
        if (resultType == typeof(bool))
        {
            // JavaScript truthiness, so `items.length` works as a condition.
            return TypeConverter.ToBoolean(value);
        }

        if (resultType == typeof(string) && value.IsString())
        {
            return value.AsString();
        }

        var node = JsonSerializer.SerializeToNode(value.ToObject(), WorkflowJson.Options);
        if (resultType == typeof(JsonNode) || resultType == typeof(object))
        {
            return node;
        }

        try
        {
            return node is null ? null : node.Deserialize(resultType, WorkflowJson.Options);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            throw new ExpressionException(expression, $"its result {node?.ToJsonString()} is not a {resultType.Name}", ex);
        }
    }

    private Engine EnsureEngine()
    {
        _engine ??= new Engine(o =>
        {
            o.TimeSystem = new ClockTimeSystem(clock);
            o.Strict()
                .TimeoutInterval(options.Timeout)
                .LimitMemory(options.MemoryLimitBytes)
                .LimitRecursion(options.MaxRecursionDepth)
                .MaxStatements(options.MaxStatements);
        });

        var state = instance.State;
        if (_syncedVariablesVersion != state.VariablesVersion)
        {
            var parser = new JsonParser(_engine);
            var variables = parser.Parse(state.Variables.ToJsonString());
            _engine.SetValue("variables", variables);
            foreach (var (name, _) in state.Variables)
            {
                _engine.SetValue(name, variables.Get(name));
            }

            _engine.SetValue("input", state.Input is null ? JsValue.Undefined : parser.Parse(state.Input.ToJsonString()));
            _engine.SetValue("instance", parser.Parse(JsonSerializer.Serialize(
                new { id = instance.Id, workflowId = instance.WorkflowId, version = instance.Version, correlationId = instance.CorrelationId })));
            _syncedVariablesVersion = state.VariablesVersion;
        }

        return _engine;
    }
}

/// <summary>JavaScript's <c>Date</c> reads the engine's clock, so simulated and test time apply to expressions too.</summary>
internal sealed class ClockTimeSystem(TimeProvider clock) : DefaultTimeSystem(TimeZoneInfo.Utc, System.Globalization.CultureInfo.InvariantCulture)
{
    public override DateTimeOffset GetUtcNow() => clock.GetUtcNow();
}
