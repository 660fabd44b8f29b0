#pragma once
// EMBARGO_API marks what the library exports: the classes and functions of
// include/embargo/. The shared library is built with hidden visibility
// (-fvisibility=hidden, CMake's CXX_VISIBILITY_PRESET), so what is not marked,
// everything in src/ and embargo::detail, stays inside it and may change in
// any release. CMake defines EMBARGO_SHARED for a shared build and its users,
// and EMBARGO_BUILDING while building the library; a static build defines
// neither and the mark is empty.

#if defined(EMBARGO_SHARED)
#if defined(_WIN32)
#if defined(EMBARGO_BUILDING)
#define EMBARGO_API __declspec(dllexport)
#else
#define EMBARGO_API __declspec(dllimport)
#endif
#else
#define EMBARGO_API __attribute__((visibility("default")))
#endif
#else
#define EMBARGO_API
#endif
