using System.Reflection;
using MassEmail.Storage.Tests.Contracts;
using MassEmail.Storage.Tests.Fixtures;
using Xunit.Sdk;

namespace MassEmail.Storage.Tests.Mongo.IndexCoverage;

/// <summary>
/// Runs the store contract suite as its MongoDB test classes do (one fixture per class, a new instance per test, every
/// data row of a theory), but on fixtures made by the caller: the tests the contract classes declare, not the
/// MongoDB-only ones (those read the database themselves).
/// </summary>
public static class ContractSuiteRunner
{
    public sealed record Outcome(int Passed, int Skipped, IReadOnlyList<string> Failures);

    /// <param name="include">Which contract classes to run; all when null.</param>
    public static async Task<Outcome> RunAsync(Func<MongoStoreFixture> newFixture, Func<Type, bool>? include = null)
    {
        int passed = 0, skipped = 0;
        List<string> failures = [];
        foreach (Type type in MongoContractClasses().Where(include ?? (_ => true)))
        {
            var fixture = newFixture();
            await fixture.InitializeAsync();
            try
            {
                foreach (MethodInfo method in ContractTests(type))
                {
                    foreach (object?[] row in Rows(method))
                    {
                        var name = $"{type.Name}.{method.Name}({string.Join(", ", row)})";
                        try
                        {
                            object instance = Activator.CreateInstance(type, fixture)!;
                            if (method.Invoke(instance, Arguments(method, row)) is Task task)
                            {
                                await task;
                            }

                            passed++;
                        }
                        catch (Exception e) when (Unwrap(e).GetType().Name == "SkipException")
                        {
                            skipped++;
                        }
                        catch (Exception e)
                        {
                            failures.Add($"{name}: {Unwrap(e).Message}");
                        }
                    }
                }
            }
            finally
            {
                await fixture.DisposeAsync();
            }
        }

        return new(passed, skipped, failures);
    }

    /// <summary>The contract suite's MongoDB classes: concrete store contracts built from a <see cref="MongoStoreFixture"/>.</summary>
    public static IEnumerable<Type> MongoContractClasses() =>
        typeof(StoreContract).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && t.IsSubclassOf(typeof(StoreContract)))
            .Where(t => t.GetConstructors().Any(c => c.GetParameters() is [{ ParameterType: var p }] && p == typeof(MongoStoreFixture)))
            .OrderBy(t => t.FullName, StringComparer.Ordinal);

    private static IEnumerable<MethodInfo> ContractTests(Type type) =>
        type.GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m.DeclaringType?.Namespace?.StartsWith(typeof(StoreContract).Namespace!, StringComparison.Ordinal) == true)
            .Where(m => m.GetCustomAttribute<FactAttribute>() is { Skip: null })
            .OrderBy(m => m.Name, StringComparer.Ordinal);

    private static IEnumerable<object?[]> Rows(MethodInfo method)
    {
        List<DataAttribute> data = [.. method.GetCustomAttributes<DataAttribute>()];
        // [InlineData(null)] gives a null row: one null argument.
        return data.Count == 0 ? [[]] : data.SelectMany(d => d.GetData(method)).Select(r => r ?? [null]);
    }

    private static object?[] Arguments(MethodInfo method, object?[] row) =>
        [.. method.GetParameters().Select((p, i) => row[i] is IConvertible value && p.ParameterType != row[i]!.GetType() && !p.ParameterType.IsEnum
            ? Convert.ChangeType(value, Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType, System.Globalization.CultureInfo.InvariantCulture)
            : row[i])];

    private static Exception Unwrap(Exception e) => e is TargetInvocationException { InnerException: { } inner } ? Unwrap(inner) : e;
}
