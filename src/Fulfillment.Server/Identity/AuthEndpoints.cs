using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Fulfillment.Server.Identity;

/// <summary>
/// <c>/api/auth</c>: token login and refresh, and the signed-in user's profile. Written here instead
/// of Identity's MapIdentityApi so that no anonymous registration or password-reset endpoint exists;
/// accounts are created by administrators (and the demo seeder).
/// </summary>
public static class AuthEndpoints
{
    /// <summary>Maps the endpoints on the authenticated <c>/api</c> group.</summary>
    public static RouteGroupBuilder MapAuthEndpoints(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var auth = api.MapGroup("/auth").WithTags("Auth");

        // The only anonymous /api endpoint: it is how a client gets its first credential.
        auth.MapPost("/login", LoginAsync)
            .AllowAnonymous()
            .Produces<AccessTokenResponse>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesValidationProblem()
            .WithSummary("Exchange e-mail and password for a bearer token.");

        // Refresh needs no access token (it exists because that token has expired), but it is not
        // open either: without a valid refresh token the answer is 401, just like any other endpoint.
        auth.MapPost("/refresh", RefreshAsync)
            .AllowAnonymous()
            .Produces<AccessTokenResponse>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithSummary("Exchange a refresh token for a new bearer token.");

        auth.MapGet("/me", GetCurrentUserAsync)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithSummary("The signed-in user and their roles.");

        return api;
    }

    private static async Task<Results<EmptyHttpResult, ProblemHttpResult>> LoginAsync(
        LoginRequest request, SignInManager<AppUser> signInManager)
    {
        // With the bearer scheme, SignInManager's sign-in makes the bearer handler write the
        // {tokenType, accessToken, expiresIn, refreshToken} body itself, hence the empty result.
        signInManager.AuthenticationScheme = IdentityConstants.BearerScheme;

        var user = await signInManager.UserManager.FindByEmailAsync(request.Email);
        if (user is null)
        {
            return LoginFailed("Invalid e-mail or password.");
        }

        var result = await signInManager.PasswordSignInAsync(user, request.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return TypedResults.Empty;
        }

        return LoginFailed(result.IsLockedOut
            ? "The account is locked after too many failed attempts; try again later."
            : "Invalid e-mail or password.");
    }

    private static async Task<Results<SignInHttpResult, ProblemHttpResult>> RefreshAsync(
        RefreshRequest? request,
        SignInManager<AppUser> signInManager,
        IOptionsMonitor<BearerTokenOptions> bearerOptions)
    {
        var options = bearerOptions.Get(IdentityConstants.BearerScheme);
        var protector = options.RefreshTokenProtector;
        var ticket = string.IsNullOrEmpty(request?.RefreshToken) ? null : protector.Unprotect(request.RefreshToken);

        // The security stamp check rejects refresh tokens issued before a password change or lockout.
        if (ticket?.Properties.ExpiresUtc is not { } expiresAt
            // The bearer options' clock, which stays on real time when business time is simulated.
            || options.TimeProvider!.GetUtcNow() >= expiresAt
            || await signInManager.ValidateSecurityStampAsync(ticket.Principal) is not { } user)
        {
            return TypedResults.Problem(
                title: "Invalid refresh token.",
                detail: "The refresh token is missing, expired or revoked; log in again.",
                statusCode: StatusCodes.Status401Unauthorized);
        }

        var principal = await signInManager.CreateUserPrincipalAsync(user);
        return TypedResults.SignIn(principal, authenticationScheme: IdentityConstants.BearerScheme);
    }

    private static async Task<Results<Ok<CurrentUserResponse>, UnauthorizedHttpResult>> GetCurrentUserAsync(
        ClaimsPrincipal principal, UserManager<AppUser> userManager)
    {
        // Read from the store, not the token's claims, so role changes show up at once.
        var user = await userManager.GetUserAsync(principal);
        if (user is null)
        {
            return TypedResults.Unauthorized();
        }

        var roles = await userManager.GetRolesAsync(user);
        return TypedResults.Ok(new CurrentUserResponse(
            user.Email ?? user.UserName ?? string.Empty,
            user.DisplayName,
            [.. roles.Order(StringComparer.Ordinal)]));
    }

    private static ProblemHttpResult LoginFailed(string detail) => TypedResults.Problem(
        title: "Login failed.",
        detail: detail,
        statusCode: StatusCodes.Status401Unauthorized);
}
