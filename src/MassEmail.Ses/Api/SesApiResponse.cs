using System.Diagnostics.CodeAnalysis;

namespace MassEmail.Ses.Api;

/// <summary>
/// What SES answered: a value or an error. Errors are values, not exceptions, because throttling and
/// rejections are routine during a mass send.
/// </summary>
internal sealed record SesApiResponse<T>(T? Value, SesApiError? Error)
    where T : class
{
    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    public static SesApiResponse<T> Success(T value) => new(value, null);

    public static SesApiResponse<T> Failure(SesApiError error) => new(null, error);
}
