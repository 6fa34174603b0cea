# Locate LibTorch and decide whether the CUDA-OpenGL interop path is built.
# LibTorch: an explicit Torch_DIR (a downloaded LibTorch archive), else the project venv's torch wheel
# (torch.utils.cmake_prefix_path), else whatever CMAKE_PREFIX_PATH finds.
set(LIVEDREAM_PYTHON "${CMAKE_SOURCE_DIR}/.venv/bin/python" CACHE FILEPATH "Python of the project venv (torch, glad2)")
set(_torch_prefix "")
if(Torch_DIR)
  set(_torch_prefix "${Torch_DIR}/../..")
elseif(EXISTS "${LIVEDREAM_PYTHON}")
  execute_process(COMMAND "${LIVEDREAM_PYTHON}" -c "import torch.utils; print(torch.utils.cmake_prefix_path)"
                  OUTPUT_VARIABLE _torch_prefix OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE _torch_rc ERROR_QUIET)
  if(_torch_rc EQUAL 0)
    list(APPEND CMAKE_PREFIX_PATH "${_torch_prefix}")
  else()
    set(_torch_prefix "")
  endif()
endif()

include(CheckLanguage)
set(LIVEDREAM_WITH_CUDA OFF)
if(NOT LIVEDREAM_CUDA STREQUAL "OFF")
  check_language(CUDA)
  if(CMAKE_CUDA_COMPILER)
    set(LIVEDREAM_WITH_CUDA ON)
  elseif(LIVEDREAM_CUDA STREQUAL "ON")
    message(FATAL_ERROR "LIVEDREAM_CUDA=ON but no CUDA compiler was found: install the CUDA toolkit (nvcc) or configure with -DLIVEDREAM_CUDA=OFF")
  endif()
endif()

add_library(livedream_torch INTERFACE)
if(LIVEDREAM_WITH_CUDA)
  if(NOT DEFINED ENV{TORCH_CUDA_ARCH_LIST} AND NOT TORCH_CUDA_ARCH_LIST)
    # Without a list Torch's config compiles and runs a GPU probe, which fails on a machine with no GPU.
    set(TORCH_CUDA_ARCH_LIST "8.0;8.6;8.9;9.0")
  endif()
  # Our .cu files do not include Torch headers; C++17 is what CMake 3.25 knows for nvcc.
  set(CMAKE_CUDA_STANDARD 17)
  find_package(Torch QUIET)
  if(NOT Torch_FOUND)
    message(FATAL_ERROR "LibTorch not found: run scripts/setup (it creates .venv with the torch wheel), or pass -DTorch_DIR=<libtorch>/share/cmake/Torch")
  endif()
  if(NOT (C10_CUDA_LIBRARY OR TORCH_CUDA_LIBRARIES))
    if(LIVEDREAM_CUDA STREQUAL "ON")
      message(FATAL_ERROR "LIVEDREAM_CUDA=ON but this LibTorch has no CUDA support: install a CUDA build of torch or use -DLIVEDREAM_CUDA=OFF")
    endif()
    set(LIVEDREAM_WITH_CUDA OFF)  # AUTO: a CPU-only LibTorch
  endif()
  target_link_libraries(livedream_torch INTERFACE ${TORCH_LIBRARIES})
  target_include_directories(livedream_torch SYSTEM INTERFACE ${TORCH_INCLUDE_DIRS})
else()
  # Torch's own CMake config insists on a CUDA toolkit whenever the LibTorch was built with CUDA,
  # even for CPU use. A CPU-only build needs nothing of CUDA, so we import the libraries directly.
  find_path(LIVEDREAM_TORCH_ROOT include/torch/script.h
            HINTS "${_torch_prefix}/../.." ENV Torch_ROOT PATH_SUFFIXES libtorch NO_DEFAULT_PATH)
  if(NOT LIVEDREAM_TORCH_ROOT)
    message(FATAL_ERROR "LibTorch not found: run scripts/setup (it creates .venv with the torch wheel), or pass -DTorch_DIR=<libtorch>/share/cmake/Torch")
  endif()
  foreach(_lib torch torch_cpu c10)
    find_library(LIVEDREAM_TORCH_${_lib} ${_lib} PATHS "${LIVEDREAM_TORCH_ROOT}/lib" NO_DEFAULT_PATH REQUIRED)
    target_link_libraries(livedream_torch INTERFACE "${LIVEDREAM_TORCH_${_lib}}")
  endforeach()
  target_include_directories(livedream_torch SYSTEM INTERFACE
    "${LIVEDREAM_TORCH_ROOT}/include" "${LIVEDREAM_TORCH_ROOT}/include/torch/csrc/api/include")
  target_link_options(livedream_torch INTERFACE "LINKER:-rpath,${LIVEDREAM_TORCH_ROOT}/lib")
  file(STRINGS "${LIVEDREAM_TORCH_ROOT}/include/torch/headeronly/version.h" _v REGEX "^#define TORCH_VERSION_(MAJOR|MINOR|PATCH) ")
  string(REGEX REPLACE ".*MAJOR ([0-9]+).*MINOR ([0-9]+).*PATCH ([0-9]+).*" "\\1.\\2.\\3" Torch_VERSION "${_v}")
  set(TORCH_INSTALL_PREFIX "${LIVEDREAM_TORCH_ROOT}")
endif()

# The torch wheel keeps its CUDA libraries in site-packages/nvidia/*/lib and finds them at run time
# through its own RPATH. The linker must see the same ones (the toolkit's NCCL is older), and our
# CUDA code must use the wheel's CUDA runtime so that one runtime instance serves the process.
get_filename_component(_torch_site "${TORCH_INSTALL_PREFIX}/.." ABSOLUTE)
file(GLOB _wheel_cuda_dirs LIST_DIRECTORIES true "${_torch_site}/nvidia/*/lib")
foreach(_dir IN LISTS _wheel_cuda_dirs)
  target_link_options(livedream_torch INTERFACE "LINKER:-rpath-link,${_dir}")
endforeach()

if(LIVEDREAM_WITH_CUDA)
  # Torch's config resets CMAKE_CUDA_ARCHITECTURES (with a warning we cannot silence), so ours come
  # from a separate variable. No GPU on the build machine, so "native" cannot work: Ampere, Ada,
  # Hopper, plus PTX for anything newer.
  set(LIVEDREAM_CUDA_ARCHITECTURES "80-real;86-real;89-real;90" CACHE STRING "CUDA architectures of our .cu files")
  set(CMAKE_CUDA_ARCHITECTURES ${LIVEDREAM_CUDA_ARCHITECTURES})
  find_package(CUDAToolkit REQUIRED)
  find_library(LIVEDREAM_CUDART_LIBRARY NAMES libcudart.so.13 libcudart.so.12 PATHS ${_wheel_cuda_dirs} NO_DEFAULT_PATH)
  add_library(livedream_cudart INTERFACE)
  target_include_directories(livedream_cudart SYSTEM INTERFACE ${CUDAToolkit_INCLUDE_DIRS})
  # One CUDA runtime on the link line, chosen here: CMake's CUDA language would add the toolkit's
  # static cudart to every target with .cu sources, and Torch's config points torch::cudart at
  # the toolkit's shared one, while at run time the wheel's libcudart is the one loaded. Two
  # runtime instances in one process do not share contexts, streams or interop registrations.
  set(CMAKE_CUDA_RUNTIME_LIBRARY None)
  if(LIVEDREAM_CUDART_LIBRARY)
    get_filename_component(_cudart_dir "${LIVEDREAM_CUDART_LIBRARY}" DIRECTORY)
    target_link_libraries(livedream_cudart INTERFACE "${LIVEDREAM_CUDART_LIBRARY}")
    target_link_options(livedream_cudart INTERFACE "LINKER:-rpath,${_cudart_dir}")
    if(TARGET torch::cudart)
      set_property(TARGET torch::cudart PROPERTY INTERFACE_LINK_LIBRARIES "${LIVEDREAM_CUDART_LIBRARY}")
    endif()
  else()
    target_link_libraries(livedream_cudart INTERFACE CUDA::cudart)
  endif()
endif()

# Torch's headers dominate compile time, and a precompiled header of them is 600 MB. Two are built,
# each by a target with no definitions of its own: -fPIC for the libraries, -fPIE for executables
# (the tests). Every target that includes Torch reuses one through livedream_torch_pch(target):
# GCC uses a PCH only where the macros it was built with are defined the same way and -fpic/-fpie
# match, and one PCH per target once filled CI's disk.
file(CONFIGURE OUTPUT "${CMAKE_BINARY_DIR}/torch_pch/torch_pch.cpp"
  CONTENT "// The translation unit that builds the shared precompiled header of Torch's headers.\n")
foreach(_kind IN ITEMS pic pie)
  add_library(livedream_torch_pch_${_kind} OBJECT "${CMAKE_BINARY_DIR}/torch_pch/torch_pch.cpp")
  target_link_libraries(livedream_torch_pch_${_kind} PRIVATE livedream_torch)
  target_precompile_headers(livedream_torch_pch_${_kind} PRIVATE <torch/script.h>)
endforeach()
set_target_properties(livedream_torch_pch_pie PROPERTIES POSITION_INDEPENDENT_CODE OFF)
target_compile_options(livedream_torch_pch_pie PRIVATE -fPIE)

function(livedream_torch_pch target)
  get_target_property(_type ${target} TYPE)
  if(_type STREQUAL "EXECUTABLE")
    target_precompile_headers(${target} REUSE_FROM livedream_torch_pch_pie)
  else()
    target_precompile_headers(${target} REUSE_FROM livedream_torch_pch_pic)
  endif()
endfunction()
