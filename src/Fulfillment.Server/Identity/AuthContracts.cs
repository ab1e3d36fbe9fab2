using System.ComponentModel.DataAnnotations;

namespace Fulfillment.Server.Identity;

/// <summary>Body of <c>POST /api/auth/login</c>.</summary>
public sealed record LoginRequest([property: Required] string Email, [property: Required] string Password);

/// <summary>Body of <c>POST /api/auth/refresh</c>.</summary>
public sealed record RefreshRequest(string? RefreshToken);

/// <summary>Answer of <c>GET /api/auth/me</c>.</summary>
public sealed record CurrentUserResponse(string Email, string DisplayName, IReadOnlyList<string> Roles);
