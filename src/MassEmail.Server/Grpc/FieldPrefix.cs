using MassEmail.Core.Errors;

namespace MassEmail.Server.Grpc;

/// <summary>
/// Core names the fields of what it checks (<c>name</c>, <c>first_name</c>); a request nests them in a
/// message (<c>template.name</c>, <c>user.first_name</c>). This puts Core's field paths under that message.
/// </summary>
internal static class FieldPrefix
{
    /// <summary>Runs <paramref name="action"/>; its validation and already-exists errors name fields under <paramref name="prefix"/>.</summary>
    public static async Task<T> Prefixed<T>(string prefix, Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (ValidationException e)
        {
            throw e.WithPrefix(prefix);
        }
        catch (AlreadyExistsException e)
        {
            throw e.WithPrefix(prefix);
        }
    }
}
