#version 330 core
// Draws the dream texture as is (RGBA8, alpha ignored). Filtering (nearest or linear) is the
// texture's own state, so a 1:1 nearest draw reproduces the engine's pixels exactly.
uniform sampler2D u_dream;
in vec2 v_uv;
out vec4 o_color;

void main() {
  o_color = vec4(texture(u_dream, v_uv).rgb, 1.0);
}
