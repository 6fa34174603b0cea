#version 330 core
// The dream quad: four vertices from gl_VertexID (no vertex buffer), placed at u_rect, an NDC
// rectangle (x0, y0, x1, y1) with y0 at the top. Texture coordinate t = 0 is the image's top row.
uniform vec4 u_rect;
out vec2 v_uv;

void main() {
  vec2 corner = vec2(float(gl_VertexID & 1), float((gl_VertexID >> 1) & 1));  // (0,0) (1,0) (0,1) (1,1)
  v_uv = corner;
  gl_Position = vec4(mix(u_rect.x, u_rect.z, corner.x), mix(u_rect.y, u_rect.w, corner.y), 0.0, 1.0);
}
